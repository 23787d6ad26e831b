"""Helpers of the boilerplate stage (cleaner/stages/boilerplate.py): line features, the
furniture table, the line rules and the deletion spans. One module per concern."""
