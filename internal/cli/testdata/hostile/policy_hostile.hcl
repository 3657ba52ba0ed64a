policy {
  approved_hosts = ["https://*", "https://**", "", "https://169.254.169.254", 1, null]
}
policy {
  approved_hosts = "x"
}
lint {
  rules = { "no-such-rule" = "error" }
}
