environment "a" {
  description = "\u001b]52;c;ZXZpbA==\u0007\u001b[2J\r\u202e"
  config { type = "cloud" }
}
