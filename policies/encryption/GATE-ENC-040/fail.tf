resource "aws_ecs_task_definition" "app" {
  family                = "app"
  container_definitions = jsonencode([{ name = "app", image = "nginx", essential = true }])

  volume {
    name = "shared"
    efs_volume_configuration {
      file_system_id = "fs-0123456789abcdef0"
      root_directory = "/data"
    }
  }

  volume {
    name = "scratch"
    efs_volume_configuration {
      file_system_id     = "fs-0123456789abcdef0"
      transit_encryption = "DISABLED"
    }
  }
}
