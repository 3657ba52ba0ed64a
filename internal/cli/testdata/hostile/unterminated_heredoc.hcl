environment "a" {
  description = <<EOT
never ends
