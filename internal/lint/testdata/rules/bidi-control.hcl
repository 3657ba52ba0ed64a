# Trojan Source: the comment reads one way, the parser another.
# access level: ‮⁦// admin⁩⁦ user # want: bidi-control, bidi-control
environment "e" {
  description = "deploys to prod‮ only from main" # want: bidi-control
  metadata = {
    "te​am" = "payments" # want: bidi-control
    owner = "ops‏" # want: bidi-control
    note = "󠁁" # want: bidi-control
  }
  config {
    type = "self_hosted"
  }
}

# In a heredoc the want annotation below is part of the text.
environment "h" {
  description = <<-EOT
    family emoji‍here # want: bidi-control
  EOT
  config {
    type = "self_hosted"
  }
}
