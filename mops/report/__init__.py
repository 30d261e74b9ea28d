"""Reports over a workspace: post-campaign reviews and lessons (review), the team's operational figures (ops)."""
