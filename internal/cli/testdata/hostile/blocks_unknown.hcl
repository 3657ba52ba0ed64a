resource "x" "y" {}
provider "aws" {}
environment "a" {
  bogus = 1
  config {
    type = "self_hosted"
    packages { pip = ["x"] }
  }
  lifecycle { ignore_changes = [everything, "x", 1] }
}
