environment "a" {
  description = "í €"
  config { type = "cloud" }
}
