environment "e" {
  name = " padded " # want: name-invalid
  config {
    type = "self_hosted"
  }
}

environment "f" {
  name = "zero\u200bwidth" # want: name-invalid
  config {
    type = "self_hosted"
  }
}

environment "g" {
  name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" # want: name-invalid
  config {
    type = "self_hosted"
  }
}
