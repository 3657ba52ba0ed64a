environment "a" {
  description = "never ends
