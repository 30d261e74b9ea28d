"""`mops pacing check`: spend to date per channel against the plan's expected curve, anomalies,
performance against targets and similar past campaigns, and (through `proposal.py`) a bounded
reallocation for a person to approve."""
