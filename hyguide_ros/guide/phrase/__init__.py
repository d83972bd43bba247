"""The LLM step: the facts an answer stands on as a prompt, the model's phrasing of them, and the check
that every sentence it says states only those facts (else the composed sentence is kept)."""
