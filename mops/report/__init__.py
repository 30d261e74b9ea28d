"""Reports written for people after the fact: `mops report review` (a post-campaign review, and the
lesson it records for the next brief) and `mops report ops` (the team's operational figures per
month). Nothing here prints or knows the terminal."""
