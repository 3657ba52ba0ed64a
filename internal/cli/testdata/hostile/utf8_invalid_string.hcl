terrarium {
  stack = "hostile"
}
environment "a" {
  description = "ÿþÃ("
  config { type = "cloud" }
}
