"""Korean: what people say (intents.txt), the words the understanding reads (words.py), the renderer
(render.py) and the casual speech style (casual.py)."""
