from radviz.cli import main

raise SystemExit(main())
