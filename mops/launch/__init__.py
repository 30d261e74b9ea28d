"""`mops launch check`: reconcile a plan's segment, tracking, budget and readiness before it spends.

plan_file.py reads a plan keeping every value's place (errors and evidence name file:line);
context.py holds what the checks share (workspace, today, finance, every plan); segment.py,
tracking.py, budget.py and readiness.py are the four checks, each returning a CheckResult;
check.py gives the verdict and writes the proposal; text.py renders it for people; codes.py
renders the checks' CODES tables into docs/launch.md.
"""
