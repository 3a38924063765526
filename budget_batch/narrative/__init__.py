"""The figures of a Word report and what they state (narrative.md): the text normalised and split
into sentences (`text`), its numbers with their units and approximation words (`figures`), each
bound to a subject and a measure by clause structure and the synonym table of
`layouts/narrative.toml` (`subjects`, `statements`), and the relations between them checked at the
precision the text shows (`relations`, `judge`). A binding that cannot be told from the text is
skipped and counted, never guessed (`Coverage`).
"""
