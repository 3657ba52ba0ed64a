terrarium {
  backend "postgres" {
    conn_str    = "postgres://terrarium@db.internal:5432/state?sslmode=verify-full"
    schema_name = "terrarium"
  }
}

environment "e" {
  description = "Uses a token from the secret store"
  metadata = {
    team       = "data"
    token_name = "deploy"
    owner      = "platform-team-2024"
  }
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = ["https://api.example.com"]
    }
  }
}
