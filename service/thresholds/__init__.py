"""Policy thresholds suggested from a site's recent scores and moderators' decisions."""
