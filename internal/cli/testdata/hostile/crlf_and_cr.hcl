terrarium {
  stack = "hostile"
}
environment "a" {  config { type = "cloud" }}