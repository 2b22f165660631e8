resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = jsonencode([{ name = "app", image = "nginx", essential = true }])

  volume {
    name = "shared"
    efs_volume_configuration {
      file_system_id     = "fs-0123456789abcdef0"
      transit_encryption = "ENABLED"
      authorization_config {
        iam = "ENABLED"
      }
    }
  }

  # a bind mount on the host holds no EFS traffic
  volume {
    name      = "tmp"
    host_path = "/tmp"
  }
}
