environment "e" {
  config {
    type = "cloud"
    networking {
      type          = "limited"
      allowed_hosts = [
        "https://169.254.169.254", # want: host-internal
        "https://2852039166", # want: host-internal
        "https://0xA9FEA9FE", # want: host-internal
        "https://0251.0376.0251.0376", # want: host-internal
        "https://127.1", # want: host-internal
        "https://[::ffff:169.254.169.254]", # want: host-internal
        "https://[fd00:ec2::254]", # want: host-internal
        "https://metadata.google.internal.", # want: host-internal
        "https://Metadata.Google.Internal", # want: host-internal
        "https://LOCALHOST", # want: host-internal
        "https://api.localhost", # want: host-internal
        "https://10.1.2.3", # want: host-internal
        "https://192.168.0.10", # want: host-internal
        "https://100.64.1.1", # want: host-internal
        "https://[::1]", # want: host-internal
        "https://[fe80::1]", # want: host-internal
        "https://localhost.", # want: host-internal
      ]
    }
  }
}
