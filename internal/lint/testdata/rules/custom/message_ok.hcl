# The clean twin: every environment has a description.
variable "contact" {
  type      = string
  sensitive = true
  default   = "oncall-7731@example.com"
}

policy {
  rule "described" {
    condition     = environment.description != null
    error_message = "${environment.name} (${environment.address}) needs a description; metadata keys: ${join(", ", keys(environment.metadata))}."
  }
}

environment "api" {
  description = "The public API."
  config {
    type = "self_hosted"
  }
}

environment "pager" {
  name        = "pager-${var.contact}"
  description = "Pages ${var.contact}."
  config {
    type = "self_hosted"
  }
}
