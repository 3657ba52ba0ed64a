locals {
  keys = toset(flatten([for a in range(1024) : [for b in range(1024) : "${a}-${b}"]]))
}
environment "e" {
  for_each = local.keys
  name = "env-${each.key}"
  config {
    type = "cloud"
  }
}
