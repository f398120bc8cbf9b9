"""Service recovery: complaints, rewards, follow-ups, letters."""
