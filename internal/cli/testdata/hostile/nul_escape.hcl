environment "a" {
  description = "a\u0000b"
  metadata = { "k\u0000" = "v" }
  config { type = "cloud" }
}
