"""Writes of the roll, one module per part: `member` (the record, personal data, migrant
details), `transfers` (组织关系转接), `importing` (the roll file: check and commit),
`import_jobs` (the import's job, run on the page or by a worker), `bulk` (COPY writes of
an import), `keyrotation` (re-encryption under the current keys). Each write takes
keyword-only arguments, runs in one transaction and checks the actor's authority inside."""
