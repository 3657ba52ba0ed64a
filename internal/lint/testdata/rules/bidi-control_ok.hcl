# Right-to-left text is fine, and so is the byte order mark opening this
# file; only the invisible controls are flagged.
environment "e" {
  description = "שלום, עולם: prod only from main"
  metadata = {
    team  = "payments"
    owner = "ops\u200F"
    note  = "bücher, 東京, emoji 👍"
  }
  config {
    type = "self_hosted"
  }
}
