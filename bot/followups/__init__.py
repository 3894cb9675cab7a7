"""Follow-ups: when a nudge is due and when it may be delivered (pure policy, no I/O)."""
