"""`mops serve`: the team's page, the workspace served read-only to a browser.

pages.py gathers what each page shows (pydantic models of mops/models/web.py) from the same domain
functions the commands call; review.py is where the post-campaign review joins a campaign's page;
render.py renders the bundled templates in Jinja's sandbox with autoescaping; app.py is the
Starlette application (GET and HEAD only, fixed routes, no file served by its path); server.py binds
the socket and runs uvicorn. starlette and uvicorn are an optional extra (`pip install 'mops[web]'`),
imported only here."""
