"""One module per command group. Each is thin: parse options, call the domain, print, exit."""
