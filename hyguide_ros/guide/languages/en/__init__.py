"""English: what people say (intents.txt), the words the understanding reads (words.py) and the
renderer (render.py)."""
