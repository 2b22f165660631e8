resource "aws_mq_broker" "orders" {
  broker_name         = "orders"
  engine_type         = "ActiveMQ"
  engine_version      = "5.18"
  host_instance_type  = "mq.m5.large"
  publicly_accessible = true

  user {
    username = "orders"
    password = var.orders_password
  }
}
