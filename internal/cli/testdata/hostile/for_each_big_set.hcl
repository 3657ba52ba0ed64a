environment "e" {
  for_each = toset([for i in range(1024) : tostring(i)])
  name = "env-${each.key}"
  config {
    type = "cloud"
  }
}
