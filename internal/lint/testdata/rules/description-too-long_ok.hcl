environment "e" {
  # 1024 characters, some of them two bytes long: at the limit, accepted.
  description = join("", [for i in range(1024) : "é"])
  config {
    type = "self_hosted"
  }
}
