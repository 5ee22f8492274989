"""What core's infrastructure tells the apps above it. core records nothing itself: the audit
app connects receivers in its `ready()` and writes the audit rows (docs/architecture.md,
"Layers": a lower layer offers a hook, a higher one fills it).

- `exported`: a list left the system as a spreadsheet (core.exports). Arguments: `actor`,
  `filename`, `rows` (how many rows were written), `extra` (dict or None), `org_path`.
- `file_served`: a stored file was handed to a user (core.files.protected_file_response).
  Arguments: `request`, `obj` (the row the file belongs to, or None), `filename` (shown
  name), `stored` (the storage name).
- `imported`: rows came in from a spreadsheet (core.importing.resources). Arguments: `actor`,
  `filename`, `kind` (what was imported), `counts` (dict). Sent inside the import's
  transaction: when the audit row cannot be written, nothing is imported.

All are sent with `send()`, not `send_robust()`: a receiver that fails (the audit row
cannot be written) stops the export, download or import."""

from django.dispatch import Signal

exported = Signal()
file_served = Signal()
imported = Signal()
