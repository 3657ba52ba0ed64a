variable "a" {
  default = var.a
}
variable "b" {
  default = local.x
}
locals {
  x = var.b
}
