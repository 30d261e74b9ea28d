"""`mops mcp`: the workspace's checks and history as a Model Context Protocol server.

Only this package (and `mops/commands/mcp.py`, lazily) imports the `mcp` SDK, an optional extra
(`pip install 'mops[mcp]'`). Each tool is a thin wrapper over the domain function the CLI calls
(`tools.py`); `server.py` builds the server for one workspace."""
