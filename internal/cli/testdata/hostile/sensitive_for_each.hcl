variable "s" {
  sensitive = true
  default = { a = "sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }
}
environment "e" {
  for_each = var.s
  description = each.value
  config {
    type = "cloud"
  }
}
