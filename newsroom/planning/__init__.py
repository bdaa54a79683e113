"""Planning the next issue: the budget board per issue and the admin dashboard."""
