"""Reports written for people after the fact: `mops report review` (a post-campaign review, and the
lesson it records for the next brief). Nothing here prints or knows the terminal."""
