environment "Ã( ¡" {
  config { type = "cloud" }
}
