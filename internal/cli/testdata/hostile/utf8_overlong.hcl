environment "a" {
  description = "À¯à€¯"
  config { type = "cloud" }
}
