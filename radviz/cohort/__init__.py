"""Cohort maps for research (``radviz cohort``): many people's drawings on one body.

A JSON-lines file of drawings (the ``locate --batch`` format, with optional ``id``, ``date`` and
``group``) is streamed in chunks: each chunk is painted (``painting``), tallied per vertex
(``tally``), scored with the vectorised localizer (``scoring``) and written as CSV rows
(``table``), so memory does not grow with the number of drawings; ``heatmap`` renders the result
off-screen and ``command`` is the command line.  Qt-free.  Submodules are imported where used, so
``radviz --help`` stays quick.
"""
