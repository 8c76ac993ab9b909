"""commentguard's web service: the API, the data model, the moderation policy and the CLI."""
