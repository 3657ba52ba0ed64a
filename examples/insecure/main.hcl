# What a linter should catch. This configuration is valid; it is not safe.

environment "wide_open" {
  description = "Unrestricted egress"
  metadata = {
    api_token = "sk-ant-api03-EXAMPLEONLY0000000000000000000000"
  }

  config {
    type = "cloud"

    packages {
      pip = ["requests", "pandas"]
      npm = ["left-pad"]
    }

    networking {
      type = "unrestricted"
    }
  }
}

environment "plain_http" {
  config {
    type = "cloud"

    networking {
      type = "limited"
      allowed_hosts = [
        "http://internal.example.com",
        "https://169.254.169.254",
      ]
      allow_mcp_servers = true
    }
  }
}
