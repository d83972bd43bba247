# Source me: puts the colcon install space and the venv's ROS 2 wheels on the paths
# (colcon's own setup scripts miss some of them with the PyPI wheels).
_hy_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_hy_venv=$_hy_root/.venv
_hy_site=$("$_hy_venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' 2>/dev/null || echo "$_hy_venv/lib/python3.11/site-packages")
export PATH=$_hy_venv/bin:$_hy_root/install/hyguide_ros/lib/hyguide_ros:$PATH
export AMENT_PREFIX_PATH=$_hy_root/install/hyguide_ros:$_hy_venv${AMENT_PREFIX_PATH:+:$AMENT_PREFIX_PATH}
export PYTHONPATH=$_hy_root/install/hyguide_ros/lib/python3.11/site-packages:$_hy_site${PYTHONPATH:+:$PYTHONPATH}
export LD_LIBRARY_PATH=$_hy_root/install/hyguide_ros/lib:$_hy_venv/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export RMW_IMPLEMENTATION=${RMW_IMPLEMENTATION:-rmw_fastrtps_cpp}
unset _hy_root _hy_venv _hy_site
