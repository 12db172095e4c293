"""Analyze: views across the stored documents, for an analyst.

    dossier.build_dossier(actor, analyses, registry)   # everything known about one actor
    outlook.CausalGraph.from_analyses(analyses)         # the signed causal map, and "what if"

These are plain functions over stored `Analysis` records (`Store.analyses()`); the CLI and the web
app only render what they return.
"""
