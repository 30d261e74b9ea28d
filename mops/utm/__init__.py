"""UTM domain: parsing tagged URLs, the GA4 default channel grouping, building and auditing links."""
