"""GA4's campaign parameters, in a module that imports nothing: the lint's rules and taxonomy
index read them without importing the taxonomy model (and pydantic); mops.models.taxonomy
validates taxonomies against them."""

GA4_PARAMETERS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_id",
    "utm_term",
    "utm_content",
    "utm_source_platform",
    "utm_creative_format",
    "utm_marketing_tactic",
)
