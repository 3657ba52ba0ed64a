environment "team" {
  for_each    = toset(["a", "b"])
  name        = "team-${each.key}"
  description = "Team"
  config {
    type = "self_hosted"
  }
}
