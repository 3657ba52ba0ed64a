environment "s" {
  config {
    type = "self_hosted"
    packages { # want: networking-on-self-hosted
      pip = ["pandas==2.2.0"]
    }
    networking { # want: networking-on-self-hosted
      type = "unrestricted"
    }
  }
}
